import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { ApiAnswer, ApiErrors, type Page, PaginationQuery } from '@platform/service-kit';
import { EnrollmentPageSchema, EnrollmentViewSchema, LessonCompletionViewSchema } from '../progress.views';
import { EnrollDto } from './dto/enrollment.dto';
import { type EnrollmentView, EnrollmentsService, type LessonCompletionView } from './enrollments.service';

@ApiTags('progress')
@ApiBearerAuth()
@Controller()
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Post('enrollments')
  @ApiOperation({ summary: 'Enrol in a published course (409 if already enrolled)' })
  @ApiAnswer(EnrollmentViewSchema, 'The new enrolment')
  @ApiErrors(404, 409)
  enroll(@Body() dto: EnrollDto, @CurrentUser() user: AuthenticatedUser): Promise<EnrollmentView> {
    return this.enrollments.enroll(user.id, user.displayName, dto.courseId);
  }

  @Get('enrollments')
  @ApiOperation({ summary: 'Your enrolments with your progress in each, newest first' })
  @ApiAnswer(EnrollmentPageSchema, 'A page of enrolments')
  list(@Query() query: PaginationQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<EnrollmentView>> {
    return this.enrollments.enrollments(user.id, query.page, query.limit);
  }

  @Post('lessons/:id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a text or video lesson of an enrolled course as done (quizzes complete by passing)' })
  @ApiAnswer(LessonCompletionViewSchema, 'The lesson done and the course figures now')
  @ApiErrors(409)
  complete(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) lessonId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<LessonCompletionView> {
    return this.enrollments.completeLesson(user.id, user.displayName, lessonId);
  }
}
