import { useQuery } from '@tanstack/react-query';
import { loadAddressFormat } from '@/lib/address';
import { loadPhoneParser } from '@/lib/phone';

const loadFormatters = async () => {
  const [formatAddress, parsePhone] = await Promise.all([loadAddressFormat(), loadPhoneParser()]);
  return { formatAddress, parsePhone };
};

/**
 * The address templates and the phone parser, fetched as one lazy chunk the first time a page
 * shows an address or a phone (undefined until then: callers show the plain text meanwhile).
 */
export function useFormatters() {
  return useQuery({
    queryKey: ['reference', 'formatters'],
    queryFn: loadFormatters,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  }).data;
}
