/** The demo floor's names: clients and tests rely on them. */
export const DEMO_ORGANIZATION = 'Demo';
export const DEMO_ZONE = 'Default';
export const DEMO_PASSWORD = 'demo';
export const DEMO_PREVIEW_TEAM = 'Preview';
export const DEMO_PREDICTIVE_TEAM = 'Predictive';
export const DEMO_PREVIEW_SKILL = 'PreviewOut';
export const DEMO_PREDICTIVE_SKILL = 'PredictiveOut';
export const DEMO_PREVIEW_CAMPAIGN = 'DemoPreview';
export const DEMO_PREDICTIVE_CAMPAIGN = 'DemoPredictive';
export const DEMO_PREVIEW_LIST = 'DemoPreviewList';
export const DEMO_PREDICTIVE_LIST = 'DemoPredictiveList';
export const DEMO_DNC_LIST = 'Demo';
/** Logins of the supervisor pages and API (password DEMO_PASSWORD). */
export const DEMO_SUPERVISOR = 'supervisor';
export const DEMO_ADMINISTRATOR = 'admin';
export const DEMO_INBOUND_QUEUE = 'DemoInbound';
export const DEMO_INBOUND_SKILL = 'DemoInbound';
