import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, OptionalAuth, Roles } from '@platform/auth';
import { ApiAnswer, ApiErrors, type Page, Idempotent } from '@platform/service-kit';
import {
  CourseSummaryPageSchema,
  type CourseSummaryView,
  type CourseView,
  CourseViewSchema,
  SectionViewSchema,
} from './course.views';
import { CoursesService } from './courses.service';
import { CreateCourseDto, ListCoursesQuery, SetCoverDto, UpdateCourseDto } from './dto/course.dto';
import { CreateSectionDto } from './dto/outline.dto';
import { OutlineService } from './outline.service';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('courses')
@ApiBearerAuth()
@Controller('courses')
export class CoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly outline: OutlineService,
  ) {}

  @Get()
  @OptionalAuth()
  @ApiOperation({
    summary:
      'Search and page through published courses (or your own with mine, or every course for admins with all: 403 for others)',
  })
  @ApiAnswer(CourseSummaryPageSchema, 'A page of courses')
  @ApiErrors(403)
  list(@Query() query: ListCoursesQuery, @CurrentUser() user?: AuthenticatedUser): Promise<Page<CourseSummaryView>> {
    return this.courses.list(query, user);
  }

  @Post()
  @Roles('instructor', 'admin')
  @ApiOperation({ summary: 'Create a draft course (instructors, admins)' })
  @ApiAnswer(CourseViewSchema, 'The new draft course')
  @Idempotent()
  create(@Body() dto: CreateCourseDto, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.create(dto, user);
  }

  @Get(':id')
  @OptionalAuth()
  @ApiOperation({ summary: 'A course with its outline (drafts only for their instructor and admins)' })
  @ApiAnswer(CourseViewSchema, 'The course')
  get(@Id() id: string, @CurrentUser() user?: AuthenticatedUser): Promise<CourseView> {
    return this.courses.get(id, user);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a course's title, description or category" })
  @ApiAnswer(CourseViewSchema, 'The course as changed')
  update(@Id() id: string, @Body() dto: UpdateCourseDto, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.update(id, dto, user);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a course' })
  delete(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.courses.delete(id, user);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a course (409 while it is not ready: the message says why)' })
  @ApiAnswer(CourseViewSchema, 'The published course')
  @ApiErrors(409)
  publish(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.publish(id, user);
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a published course from the catalogue' })
  @ApiAnswer(CourseViewSchema, 'The withdrawn course')
  @ApiErrors(409)
  unpublish(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.unpublish(id, user);
  }

  @Post(':id/duplicate')
  @ApiOperation({ summary: 'Copy a course with its outline into a new draft' })
  @ApiAnswer(CourseViewSchema, 'The new draft copy')
  @Idempotent()
  duplicate(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.duplicate(id, user);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a course: out of the catalogue, kept for its learners' })
  @ApiAnswer(CourseViewSchema, 'The archived course')
  @ApiErrors(409)
  archive(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.archive(id, user);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived course back' })
  @ApiAnswer(CourseViewSchema, 'The restored course')
  @ApiErrors(409)
  restore(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.restore(id, user);
  }

  @Put(':id/cover')
  @ApiOperation({ summary: "Set the course's cover to an image you uploaded to media" })
  @ApiAnswer(CourseViewSchema, 'The course with its new cover')
  setCover(@Id() id: string, @Body() dto: SetCoverDto, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.setCover(id, dto.mediaId, user);
  }

  @Post(':id/sections')
  @ApiOperation({ summary: 'Add a section at the end of the outline (or at `position`)' })
  @ApiAnswer(SectionViewSchema, 'The new section')
  @Idempotent()
  addSection(
    @Id() id: string,
    @Body() dto: CreateSectionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CourseView['sections'][number]> {
    return this.outline.addSection(id, dto, user);
  }
}
