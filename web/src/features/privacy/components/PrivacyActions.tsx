import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Customer } from '@/features/customers/api/types';
import { customerExportUrl } from '../api/privacy-api';
import { EraseCustomerModal } from './EraseCustomerModal';

/** The customer page's GDPR actions: download everything held, and erase (not again once erased). */
export function PrivacyActions({ customer }: { customer: Customer }) {
  const [opened, erase] = useDisclosure(false);
  return (
    <>
      <Button component="a" href={customerExportUrl(customer.id)} download variant="default">
        Download data (GDPR)
      </Button>
      {!customer.erasedAt && (
        <Button variant="default" color="red" onClick={erase.open}>
          Erase personal data…
        </Button>
      )}
      <EraseCustomerModal opened={opened} customer={customer} onClose={erase.close} />
    </>
  );
}
