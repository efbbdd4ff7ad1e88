import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { type Page, PaginationQuery, ApiErrors } from '@platform/service-kit';
import { EnrollDto } from './dto/enrollment.dto';
import { type EnrollmentView, EnrollmentsService, type LessonCompletionView } from './enrollments.service';

@ApiTags('progress')
@ApiBearerAuth()
@Controller()
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Post('enrollments')
  @ApiErrors(404, 409)
  enroll(@Body() dto: EnrollDto, @CurrentUser() user: AuthenticatedUser): Promise<EnrollmentView> {
    return this.enrollments.enroll(user.id, user.displayName, dto.courseId);
  }

  @Get('enrollments')
  list(@Query() query: PaginationQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<EnrollmentView>> {
    return this.enrollments.enrollments(user.id, query.page, query.limit);
  }

  @Post('lessons/:id/complete')
  @HttpCode(200)
  @ApiErrors(409)
  complete(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) lessonId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<LessonCompletionView> {
    return this.enrollments.completeLesson(user.id, user.displayName, lessonId);
  }
}
