import { randomUUID } from 'node:crypto';
import type { ContactRecord } from './model';
import type { XeroState } from './state';

type Input = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function findContactForUpdate(
  state: XeroState,
  tenantId: string,
  input: Input,
  pathId?: string,
): ContactRecord | undefined {
  const id = pathId ?? str(input.ContactID);
  const found = id ? state.contacts.get(id) : undefined;
  return found?.tenantId === tenantId ? found : undefined;
}

/** Create or update a contact; names must be unique among active contacts, as in Xero. */
export function writeContact(
  state: XeroState,
  tenantId: string,
  input: Input,
  existing: ContactRecord | undefined,
): { ok: true; contact: ContactRecord } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const name = str(input.Name) ?? existing?.name;
  if (!name) errors.push('The contact name must be specified.');
  else if (
    state
      .contactsOf(tenantId)
      .some(
        (c) => c.id !== existing?.id && c.status === 'ACTIVE' && c.name.toLowerCase() === name.toLowerCase(),
      )
  ) {
    errors.push(
      `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
    );
  }
  const email = input.EmailAddress === undefined ? existing?.email : str(input.EmailAddress);
  if (email && !EMAIL.test(email)) errors.push('Email address must be valid.');
  const status = (str(input.ContactStatus) ?? existing?.status ?? 'ACTIVE') as ContactRecord['status'];
  if (!['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'].includes(status))
    errors.push(`ContactStatus '${status}' is not valid`);
  if (errors.length > 0 || !name) return { ok: false, errors };
  const groups = Array.isArray(input.ContactGroups)
    ? (input.ContactGroups as Input[]).map((g) => str(g.Name)).filter((g): g is string => Boolean(g))
    : (existing?.groups ?? []);
  const contact: ContactRecord = {
    id: existing?.id ?? randomUUID(),
    tenantId,
    name,
    email,
    firstName: input.FirstName === undefined ? existing?.firstName : str(input.FirstName),
    lastName: input.LastName === undefined ? existing?.lastName : str(input.LastName),
    taxNumber: input.TaxNumber === undefined ? existing?.taxNumber : str(input.TaxNumber),
    accountNumber: input.AccountNumber === undefined ? existing?.accountNumber : str(input.AccountNumber),
    status,
    isCustomer: existing?.isCustomer ?? false,
    isSupplier: existing?.isSupplier ?? false,
    groups,
    defaultCurrency:
      input.DefaultCurrency === undefined ? existing?.defaultCurrency : str(input.DefaultCurrency),
    updatedAt: state.stamp(),
  };
  state.putContact(contact);
  return { ok: true, contact };
}
