import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { ApiAnswer } from '@platform/service-kit';
import { CourseStatsViewSchema } from '../progress.views';
import type { CourseStatsView } from './course-stats';
import { CourseStatsService } from './course-stats.service';

@ApiTags('progress')
@ApiBearerAuth()
@Controller('courses')
export class CourseStatsController {
  constructor(private readonly stats: CourseStatsService) {}

  @Get(':id/stats')
  @ApiOperation({
    summary:
      "A course's enrolments over time, completion rate, per-lesson funnel and quiz figures (its instructor and admins; 403 for others, 404 if they may not see the course)",
  })
  @ApiAnswer(CourseStatsViewSchema, "The course's figures")
  get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CourseStatsView> {
    return this.stats.stats(id, user);
  }
}
