/**
 * Where this service answers on the web (CLIENTELE_PUBLIC_URL): the base of the links it emails
 * that lead back to itself (one-click unsubscribe). Set once by app.ts at start-up, like the
 * list plans' limits, so every route, flow and job that queues such an email builds the same URL.
 */
let base = 'http://localhost:3000';

export function configurePublicUrl(url: string) {
  base = url.replace(/\/+$/, '');
}

export const publicUrl = () => base;
