import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { type Page, PaginationQuery } from '@platform/service-kit';
import { EnrollDto } from './dto/enrollment.dto';
import { type CourseProgressView, type EnrollmentView, ProgressService } from './progress.service';

const Uuid = (name: string): ParameterDecorator => Param(name, new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('progress')
@ApiBearerAuth()
@Controller()
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Post('enrollments')
  enroll(@Body() dto: EnrollDto, @CurrentUser() user: AuthenticatedUser): Promise<EnrollmentView> {
    return this.progress.enroll(user.id, dto.courseId);
  }

  @Get('enrollments')
  enrollments(@Query() query: PaginationQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<EnrollmentView>> {
    return this.progress.enrollments(user.id, query.page, query.limit);
  }

  @Post('lessons/:id/complete')
  @HttpCode(200)
  complete(
    @Uuid('id') lessonId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): ReturnType<ProgressService['completeLesson']> {
    return this.progress.completeLesson(user.id, lessonId);
  }

  @Get('courses/:courseId')
  course(@Uuid('courseId') courseId: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseProgressView> {
    return this.progress.courseProgress(user.id, courseId);
  }
}
