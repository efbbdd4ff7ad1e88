import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { CourseProgressReader, type CourseProgressView } from './course-progress.reader';

@ApiTags('progress')
@ApiBearerAuth()
@Controller('courses')
export class CourseProgressController {
  constructor(private readonly reader: CourseProgressReader) {}

  @Get(':courseId')
  course(
    @Param('courseId', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) courseId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CourseProgressView> {
    return this.reader.read(user.id, courseId);
  }
}
