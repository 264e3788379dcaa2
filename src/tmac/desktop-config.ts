/** What the desktop offers: aux reasons, callback types, sales screens, the session's timings. */
export interface SalesScreenField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'select' | 'textarea';
  required: boolean;
  options?: string[];
  /** Filled from the call's customer data: a customer field (firstName, lastName, id, phone, email, address) or a custom field's key. */
  source?: string;
}

export interface SalesScreen {
  id: string;
  name: string;
  fields: SalesScreenField[];
}

export interface TmacOptions {
  idleTimeoutSeconds: number;
  lifetimeSeconds: number;
  warnBeforeSeconds: number;
  reasonCodes: Array<{ code: number; name: string }>;
  salesScreens: SalesScreen[];
}

export const DEFAULT_TMAC_OPTIONS: TmacOptions = {
  idleTimeoutSeconds: 1800,
  lifetimeSeconds: 12 * 3600,
  warnBeforeSeconds: 60,
  reasonCodes: [
    { code: 1, name: 'Break' }, { code: 2, name: 'Lunch' }, { code: 3, name: 'Meeting' },
    { code: 4, name: 'Training' }, { code: 5, name: 'Coaching' }, { code: 6, name: 'System issue' },
  ],
  salesScreens: [
    {
      id: 'upgrade', name: 'Product upgrade',
      fields: [
        { key: 'customerName', label: 'Customer name', type: 'text', required: true, source: 'fullName' },
        { key: 'accountNumber', label: 'Account number', type: 'text', required: true, source: 'Account Number' },
        { key: 'product', label: 'Current product', type: 'select', required: true, options: ['Gold Card', 'Platinum Card', 'Home Internet', 'Mobile Plan', 'Auto Insurance', 'Home Insurance'], source: 'Product' },
        { key: 'upgradeTo', label: 'Upgrade to', type: 'select', required: true, options: ['Platinum Card', 'Fibre 1 Gb', 'Unlimited Plan', 'Premium Cover'] },
        { key: 'monthlyValue', label: 'Monthly value', type: 'number', required: false },
        { key: 'phone', label: 'Contact number', type: 'text', required: true, source: 'phone' },
        { key: 'remarks', label: 'Remarks', type: 'textarea', required: false },
      ],
    },
    {
      id: 'insurance', name: 'Insurance add-on',
      fields: [
        { key: 'customerName', label: 'Customer name', type: 'text', required: true, source: 'fullName' },
        { key: 'email', label: 'E-mail', type: 'text', required: false, source: 'email' },
        { key: 'plan', label: 'Plan', type: 'select', required: true, options: ['Basic', 'Plus', 'Premium'] },
        { key: 'premium', label: 'Monthly premium', type: 'number', required: true },
        { key: 'address', label: 'Address', type: 'textarea', required: false, source: 'address' },
      ],
    },
  ],
};
