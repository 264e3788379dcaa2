import type { CustomerView } from './desktop-state.ts';
import type { SalesScreen } from './desktop-config.ts';

/** A sales screen's fields filled from the call's customer data (by field source). */
export function prefillSalesScreen(screen: SalesScreen, customer: CustomerView | null): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of screen.fields) fields[field.key] = field.source && customer ? sourceValue(field.source, customer) : '';
  return fields;
}

function sourceValue(source: string, c: CustomerView): string {
  switch (source) {
    case 'fullName': return [c.firstName, c.lastName].filter(Boolean).join(' ');
    case 'firstName': return c.firstName;
    case 'lastName': return c.lastName;
    case 'id': return c.id;
    case 'phone': return c.phones[0]?.number ?? '';
    case 'email': return c.emails[0] ?? '';
    case 'address': return c.address ? [c.address.line1, c.address.line2, c.address.zipCode, c.address.country].filter(Boolean).join(', ') : '';
    default: return c.customFields.find((f) => f.key === source)?.value ?? '';
  }
}
