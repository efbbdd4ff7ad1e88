import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  applyDecorators,
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { ConflictError, InvalidInputError, UnprocessableError } from '../errors/domain-errors';
import { ApiErrors } from '../openapi/openapi';
import { IdempotencyRecord } from './idempotency-record.entity';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on an answer that is a replay of the first one. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
const ACCEPTABLE_KEY = /^[A-Za-z0-9._:-]{1,200}$/;
/** How long a key is remembered (Stripe keeps 24 h; the draft leaves it to the resource). */
export const IDEMPOTENCY_KEY_HOURS = 24;

/** The request's Idempotency-Key, or undefined without one; a malformed key is a 400 naming the header. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !ACCEPTABLE_KEY.test(key))
    throw new InvalidInputError('Idempotency-Key must be 1-200 characters of A-Z a-z 0-9 . _ : -');
  return key;
}

/**
 * The Idempotency-Key (or null) for a handler that keeps its own record of it; unlike `@Headers`, it
 * does not document the header as a required parameter (the route's `@ApiHeader` documents it).
 */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | null =>
    idempotencyKeyOf(context.switchToHttp().getRequest<FastifyRequest>()) ?? null,
);

/** Work a keyed request's handler asked to run once the request's transaction has committed. */
const afterCommitQueue = new AsyncLocalStorage<Array<() => void>>();

/**
 * Runs `work` (e.g. waking a sender of rows just written) once the writes are visible: now, or after
 * the commit of an `@Idempotent` request's transaction, which a handler's own transaction joins.
 */
export function runAfterCommit(work: () => void): void {
  const queue = afterCommitQueue.getStore();
  if (queue) queue.push(work);
  else work();
}

/** sha256 of the body as JSON with sorted keys, so a retry that reorders its fields is the same request. */
export function requestFingerprint(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body ?? null)))
    .digest('hex');
}

/**
 * `Idempotency-Key` on a creating route (draft-ietf-httpapi-idempotency-key-header): a retry with the
 * same key, caller, route and body gets the first answer replayed; another body, 422; one in flight, 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly em: EntityManager) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
    const key = idempotencyKeyOf(request);
    if (key === undefined) return next.handle();
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const scope = {
      caller: request.user?.id ?? 'anonymous',
      route: `${request.method} ${request.url.split('?')[0]}`.slice(0, 500),
      key,
    };
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.once(scope, requestFingerprint(request.body), status, reply, next));
  }

  // The record is written in the handler's own transaction (its em calls join it through MikroORM's
  // transaction context): killed after the commit, the retry finds the answer; before it, nothing was done.
  private async once(
    scope: Pick<IdempotencyRecord, 'caller' | 'route' | 'key'>,
    requestHash: string,
    status: number,
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    const afterCommit: Array<() => void> = [];
    const answer = await afterCommitQueue.run(afterCommit, () =>
      this.answerOnce(scope, requestHash, status, reply, next),
    );
    for (const work of afterCommit) work();
    return answer;
  }

  private answerOnce(
    scope: Pick<IdempotencyRecord, 'caller' | 'route' | 'key'>,
    requestHash: string,
    status: number,
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    return this.em.transactional(async (em) => {
      const [{ locked }] = await em.execute<{ locked: boolean }[]>(
        'select pg_try_advisory_xact_lock(hashtextextended(?, 0)) as locked',
        [`${scope.caller} ${scope.route} ${scope.key}`],
      );
      if (!locked) throw new ConflictError('A request with this Idempotency-Key is still being processed; retry later');
      await em.nativeDelete(IdempotencyRecord, { createdAt: { $lt: expiredBefore() } });
      const first = await em.findOne(IdempotencyRecord, scope);
      if (first) {
        if (first.requestHash !== requestHash)
          throw new UnprocessableError('Idempotency-Key was already used with another request body');
        void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        return first.body === null ? undefined : (JSON.parse(first.body) as unknown);
      }
      const answer = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const body = answer === undefined ? null : JSON.stringify(answer);
      em.persist(new IdempotencyRecord(scope.caller, scope.route, scope.key, requestHash, status, body));
      await em.flush();
      return answer;
    });
  }
}

function expiredBefore(): Date {
  return new Date(Date.now() - IDEMPOTENCY_KEY_HOURS * 3_600_000);
}

/** Accepts an optional `Idempotency-Key` on a creating route and documents it with its 409 and 422. */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: `Makes a retry safe: the same key, caller and body within ${IDEMPOTENCY_KEY_HOURS} h replays the first answer (Idempotent-Replayed: true); another body gives 422, a request still in flight with it 409.`,
      schema: { type: 'string', pattern: ACCEPTABLE_KEY.source, maxLength: 200 },
    }),
    ApiErrors(409, 422),
  );
