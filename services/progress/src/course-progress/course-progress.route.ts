import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AccessTokenVerifier, requiredBearerToken } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';
import { answerContent, InvalidInputError } from '@platform/service-kit';
import { CourseProgressViewSchema } from '../progress.views';
import { isUUID } from 'class-validator';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CourseProgressReader } from './course-progress.reader';

/** The route, under progress's public prefix (Nest's global prefix does not apply to it). */
export const COURSE_PROGRESS_PATH = `${BACKEND_SERVICES.progress.routePrefix}/courses/:courseId`;

/**
 * GET /courses/:courseId, the hot read path, as a plain Fastify route: Nest's per-request machinery
 * was a fifth of its CPU. Same token check and error mapping as a guarded controller
 * (docs/decisions/hot-read-path.md).
 */
@Injectable()
export class CourseProgressRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: AccessTokenVerifier,
    private readonly reader: CourseProgressReader,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get(COURSE_PROGRESS_PATH, async (request, reply) => {
      const body = await this.answer(request as FastifyRequest<{ Params: { courseId: string } }>);
      return reply.header('content-type', 'application/json; charset=utf-8').send(body);
    });
  }

  private async answer(request: FastifyRequest<{ Params: { courseId: string } }>): Promise<string> {
    const user = await this.verifier.verify(requiredBearerToken(request.headers.authorization));
    const { courseId } = request.params;
    // Any UUID version, the check ParseUUIDPipe makes on the controllers' ids.
    if (!isUUID(courseId)) throw new InvalidInputError('courseId must be a UUID');
    return this.reader.read(user.id, courseId);
  }
}

/** The route's OpenAPI entry: Nest's document is built from controllers only. */
export const courseProgressOpenApi: OpenAPIObject['paths'] = {
  [COURSE_PROGRESS_PATH.replace(':courseId', '{courseId}')]: {
    get: {
      tags: ['progress'],
      operationId: 'CourseProgress_course',
      summary: "The learner's progress through one course",
      security: [{ bearer: [] }],
      parameters: [{ name: 'courseId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        '200': {
          description:
            'The outline with your completion per lesson; enrolled: false (nothing completed) for a published course you have not joined',
          content: answerContent(CourseProgressViewSchema),
        },
        '400': { description: 'courseId is not a UUID' },
        '401': { description: 'No valid access token' },
        '404': { description: 'Unknown course, or a withdrawn one the caller was not enrolled in' },
      },
    },
  },
};
