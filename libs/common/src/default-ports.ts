// Generated from infra/ports.json by `node scripts/ports.js write`: edit that file, not this one.

/** Default HTTP ports of the services on a developer machine (each overridable: GAVEL_<SERVICE>_PORT). */
export const DefaultPorts = {
  gateway: 18080,
  orchestrator: 18081,
  wallet: 18082,
  notification: 18084,
  lot: 18085,
  payment: 18086,
  warehouse: 18087,
  delivery: 18088,
  'telegram-alerter': 18089,
} as const;
