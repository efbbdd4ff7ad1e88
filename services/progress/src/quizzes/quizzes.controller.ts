import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { ApiAnswer, ApiErrors, IdempotencyKey, PaginationQuery } from '@platform/service-kit';
import { AttemptHistorySchema, AttemptResultSchema } from '../progress.views';
import { AttemptDto } from './dto/attempt.dto';
import { type AttemptHistory, type AttemptResult, QuizzesService } from './quizzes.service';

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
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,200}$', maxLength: 200 },
  })
  @ApiOperation({ summary: 'Submit answers to a quiz: graded at once (409 when no attempt is left)' })
  @ApiAnswer(AttemptResultSchema, 'The graded attempt and where you now stand')
  @ApiErrors(409)
  attempt(
    @Param('lessonId', uuid()) lessonId: string,
    @Body() dto: AttemptDto,
    @CurrentUser() user: AuthenticatedUser,
    @IdempotencyKey() idempotencyKey: string | null,
  ): Promise<AttemptResult> {
    return this.quizzes.attempt(user.id, lessonId, dto.answers, idempotencyKey);
  }

  /** The caller's own attempts: there is no way to name another learner's. */
  @Get(':lessonId/attempts')
  @ApiOperation({ summary: 'Your attempts at a quiz, newest first, and where you stand' })
  @ApiAnswer(AttemptHistorySchema, 'A page of attempts with your standing')
  history(
    @Param('lessonId', uuid()) lessonId: string,
    @Query() query: PaginationQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AttemptHistory> {
    return this.quizzes.history(user.id, lessonId, query.page, query.limit);
  }

  @Get(':lessonId/attempts/:attemptId')
  @ApiOperation({ summary: 'One of your attempts, with its review once the quiz allows it' })
  @ApiAnswer(AttemptResultSchema, 'The attempt and where you stand')
  attemptOf(
    @Param('lessonId', uuid()) lessonId: string,
    @Param('attemptId', uuid()) attemptId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AttemptResult> {
    return this.quizzes.attemptOf(user.id, lessonId, attemptId);
  }
}
