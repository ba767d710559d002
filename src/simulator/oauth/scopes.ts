/** Scopes a test token gets unless it asks for others: what a full consent screen grants. */
export const DEFAULT_GRANTED_SCOPES = [
  'openid',
  'offline_access',
  'user_data',
  'vehicle_device_data',
  'vehicle_cmds',
  'vehicle_charging_cmds',
  'energy_device_data',
  'energy_cmds',
] as const;

export const SUPPORTED_SCOPES = [...DEFAULT_GRANTED_SCOPES, 'vehicle_location', 'email', 'profile'] as const;
