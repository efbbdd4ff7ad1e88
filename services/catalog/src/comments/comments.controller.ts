import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { type Page, PaginationQuery, ApiErrors, Idempotent } from '@platform/service-kit';
import { type CommentView, CommentsService, type QueuedCommentView } from './comments.service';
import { CreateCommentDto, EditCommentDto } from './dto/comment.dto';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('comments')
@ApiBearerAuth()
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('lessons/:id/comments')
  list(
    @Id() id: string,
    @Query() query: PaginationQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<CommentView>> {
    return this.comments.list(id, query.page, query.limit, user);
  }

  @Post('lessons/:id/comments')
  @Idempotent()
  @ApiErrors(409)
  create(
    @Id() id: string,
    @Body() dto: CreateCommentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CommentView> {
    return this.comments.create(id, dto.body, dto.parentId, user);
  }

  @Get('comments')
  @ApiOperation({ summary: 'Moderation queue across courses (moderators, admins): reported comments first' })
  queue(@Query() query: PaginationQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<QueuedCommentView>> {
    return this.comments.queue(query.page, query.limit, user);
  }

  @Patch('comments/:id')
  @ApiOperation({ summary: 'Change the words of your own comment' })
  edit(@Id() id: string, @Body() dto: EditCommentDto, @CurrentUser() user: AuthenticatedUser): Promise<CommentView> {
    return this.comments.edit(id, dto.body, user);
  }

  @Post('comments/:id/reports')
  @HttpCode(204)
  @ApiOperation({ summary: 'Report a comment to the moderators (once per person)' })
  @ApiErrors(409)
  report(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.comments.report(id, user);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  delete(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.comments.delete(id, user);
  }
}
