import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';

type ConfigClass<T> = new () => T;

function describe(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const name = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${name}${message.slice(error.property.length)}` : `${name}: ${message}`,
    );
    return [...own, ...describe(error.children ?? [], name)];
  });
}

/**
 * Reads a service's configuration class from the environment: converts strings to the declared types
 * (class-transformer), validates (class-validator) and reports every missing or malformed variable at once.
 * Empty strings count as unset, so `FOO=` falls back to the default like a missing variable does.
 */
export function loadConfig<T extends object>(schema: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(schema, present, { exposeDefaultValues: true, enableImplicitConversion: false });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(describe(errors));
  }
  return config;
}
