import { ApiErrors, Idempotent } from '@platform/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, OptionalAuth, Roles } from '@platform/auth';
import type { Page } from '@platform/service-kit';
import type { CourseSummaryView, CourseView } from './course.views';
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
  list(@Query() query: ListCoursesQuery, @CurrentUser() user?: AuthenticatedUser): Promise<Page<CourseSummaryView>> {
    return this.courses.list(query, user);
  }

  @Post()
  @Roles('instructor', 'admin')
  @Idempotent()
  create(@Body() dto: CreateCourseDto, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.create(dto, user);
  }

  @Get(':id')
  @OptionalAuth()
  get(@Id() id: string, @CurrentUser() user?: AuthenticatedUser): Promise<CourseView> {
    return this.courses.get(id, user);
  }

  @Patch(':id')
  update(@Id() id: string, @Body() dto: UpdateCourseDto, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.update(id, dto, user);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.courses.delete(id, user);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiErrors(409)
  publish(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.publish(id, user);
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @ApiErrors(409)
  unpublish(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.unpublish(id, user);
  }

  @Post(':id/duplicate')
  @Idempotent()
  duplicate(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.duplicate(id, user);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiErrors(409)
  archive(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.archive(id, user);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiErrors(409)
  restore(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.restore(id, user);
  }

  @Put(':id/cover')
  setCover(@Id() id: string, @Body() dto: SetCoverDto, @CurrentUser() user: AuthenticatedUser): Promise<CourseView> {
    return this.courses.setCover(id, dto.mediaId, user);
  }

  @Post(':id/sections')
  @Idempotent()
  addSection(
    @Id() id: string,
    @Body() dto: CreateSectionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CourseView['sections'][number]> {
    return this.outline.addSection(id, dto, user);
  }
}
