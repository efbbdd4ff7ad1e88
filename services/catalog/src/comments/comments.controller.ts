import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { ApiAnswer, ApiErrors, type Page, PaginationQuery, Idempotent } from '@platform/service-kit';
import {
  CommentPageSchema,
  type CommentView,
  CommentViewSchema,
  QueuedCommentPageSchema,
  type QueuedCommentView,
} from './comment.views';
import { CommentsService } from './comments.service';
import { CreateCommentDto, EditCommentDto } from './dto/comment.dto';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('comments')
@ApiBearerAuth()
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('lessons/:id/comments')
  @ApiOperation({ summary: "A lesson's discussion, oldest first (enrolled learners, its instructor, moderators)" })
  @ApiAnswer(CommentPageSchema, 'A page of comments')
  list(
    @Id() id: string,
    @Query() query: PaginationQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<CommentView>> {
    return this.comments.list(id, query.page, query.limit, user);
  }

  @Post('lessons/:id/comments')
  @ApiOperation({ summary: 'Comment on a lesson, or answer a comment with `parentId` (409 once comments are closed)' })
  @ApiAnswer(CommentViewSchema, 'The new comment')
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
  @ApiAnswer(QueuedCommentPageSchema, 'A page of the queue')
  queue(@Query() query: PaginationQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<QueuedCommentView>> {
    return this.comments.queue(query.page, query.limit, user);
  }

  @Patch('comments/:id')
  @ApiOperation({ summary: 'Change the words of your own comment (409 once the discussion is closed)' })
  @ApiAnswer(CommentViewSchema, 'The comment as edited')
  @ApiErrors(409)
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
  @ApiOperation({ summary: 'Remove a comment (its author, moderators, admins)' })
  delete(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.comments.delete(id, user);
  }
}
