import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { decodeJwt } from 'jose';

/**
 * The `sid` claim (refresh-token family) of the caller's access token, which the global guard has
 * already verified; undefined on anonymous calls or tokens without one.
 */
export const CurrentSessionId = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
  const token = typeof header === 'string' ? header.split(' ')[1] : undefined;
  if (!token) return undefined;
  try {
    const { sid } = decodeJwt(token);
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
});
