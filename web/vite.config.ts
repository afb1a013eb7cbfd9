import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The same aliases as web/tsconfig.json: `@/…` is the admin app's own src/, `@server/…` the server's
// src/ (type-only imports of its TypeBox schemas), so no import climbs out with ../../../.
const alias = [
  { find: /^@\//, replacement: fileURLToPath(new URL('./src/', import.meta.url)) },
  { find: /^@server\//, replacement: fileURLToPath(new URL('../src/', import.meta.url)) },
];

export default defineConfig({
  root: webRoot,
  base: '/admin/',
  plugins: [react()],
  resolve: { alias },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/ },
            // Address templates and phone metadata are imported on demand: kept out of the eager vendor chunk.
            {
              name: 'formatters',
              test: /node_modules[\\/](@fragaria[\\/]address-formatter|mustache|libphonenumber-js)[\\/]/,
            },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/admin/v1': 'http://localhost:3000',
    },
  },
});
