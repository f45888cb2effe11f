import type { DynamicModule, Type } from '@nestjs/common';

type AppModule = Type<unknown> | DynamicModule;

/**
 * The services a host process can run (every one started by `bootstrapService`; the gateway has a
 * bootstrap of its own and always runs alone). Each is loaded only when asked for.
 */
export const HOSTABLE_SERVICES: Readonly<Record<string, () => Promise<AppModule>>> = {
  orchestrator: async () => (await import('../../orchestrator/src/app.module')).AppModule,
  wallet: async () => (await import('../../wallet/src/app.module')).AppModule,
  payment: async () => (await import('../../payment/src/app.module')).AppModule,
  warehouse: async () => (await import('../../warehouse/src/app.module')).AppModule,
  delivery: async () => (await import('../../delivery/src/app.module')).AppModule,
  lot: async () => (await import('../../lot/src/app.module')).AppModule,
  notification: async () => (await import('../../notification/src/app.module')).AppModule,
  'telegram-alerter': async () => (await import('../../telegram-alerter/src/app.module')).AppModule,
};

/**
 * GAVEL_HOST_SERVICES, e.g. `wallet,payment,warehouse,delivery`: the services of this process, in
 * start order, each once. Throws on an empty list, an unknown name or a repeated one.
 */
export function hostedServices(raw: string | undefined): string[] {
  const names = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) {
    throw new Error(
      `GAVEL_HOST_SERVICES must list the services to run, e.g. "wallet,payment" (any of: ${Object.keys(HOSTABLE_SERVICES).join(', ')})`,
    );
  }
  for (const [i, name] of names.entries()) {
    if (!Object.hasOwn(HOSTABLE_SERVICES, name)) {
      throw new Error(
        `GAVEL_HOST_SERVICES: "${name}" cannot be hosted (any of: ${Object.keys(HOSTABLE_SERVICES).join(', ')})`,
      );
    }
    if (names.indexOf(name) !== i) throw new Error(`GAVEL_HOST_SERVICES: "${name}" is listed twice`);
  }
  return names;
}
