import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { InvalidInputError, PaginationQuery, ApiErrors } from '@platform/service-kit';
import { AttemptDto } from './dto/attempt.dto';
import { type AttemptHistory, type AttemptResult, QuizzesService } from './quizzes.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;
const uuid = () => new ParseUUIDPipe({ errorHttpStatusCode: 400 });

@ApiTags('quizzes')
@ApiBearerAuth()
@Controller('quizzes')
export class QuizzesController {
  constructor(private readonly quizzes: QuizzesService) {}

  @Post(':lessonId/attempts')
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried submit with the same key counts once',
  })
  @ApiErrors(409)
  attempt(
    @Param('lessonId', uuid()) lessonId: string,
    @Body() dto: AttemptDto,
    @CurrentUser() user: AuthenticatedUser,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AttemptResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
      throw new InvalidInputError('Idempotency-Key must be 1-200 characters of A-Z a-z 0-9 . _ : -');
    return this.quizzes.attempt(user.id, lessonId, dto.answers, idempotencyKey ?? null);
  }

  /** The caller's own attempts: there is no way to name another learner's. */
  @Get(':lessonId/attempts')
  history(
    @Param('lessonId', uuid()) lessonId: string,
    @Query() query: PaginationQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AttemptHistory> {
    return this.quizzes.history(user.id, lessonId, query.page, query.limit);
  }

  @Get(':lessonId/attempts/:attemptId')
  attemptOf(
    @Param('lessonId', uuid()) lessonId: string,
    @Param('attemptId', uuid()) attemptId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AttemptResult> {
    return this.quizzes.attemptOf(user.id, lessonId, attemptId);
  }
}
