import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, OptionalAuth } from '@platform/auth';
import { ApiAnswer, ApiErrors, Idempotent } from '@platform/service-kit';
import type { FastifyReply } from 'fastify';
import { CompleteUploadDto, FileQuery, RequestUploadDto } from './dto/upload.dto';
import { MediaService } from './media.service';
import { type MediaView, MediaViewSchema, type UploadTicket, UploadTicketSchema } from './media.views';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('media')
@ApiBearerAuth()
@Controller()
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Post('uploads')
  @ApiOperation({ summary: 'Ask to upload a file: where to send its bytes (one PUT, or parts for a large video)' })
  @ApiAnswer(UploadTicketSchema, 'Where and how to send the bytes')
  @ApiErrors(413, 415)
  @Idempotent()
  requestUpload(@Body() dto: RequestUploadDto, @CurrentUser() user: AuthenticatedUser): Promise<UploadTicket> {
    return this.media.requestUpload(dto, user);
  }

  @Post('uploads/:id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tell media the bytes are there: it checks them and starts processing' })
  @ApiAnswer(MediaViewSchema, 'The file, pending or processing')
  @ApiErrors(409)
  complete(
    @Id() id: string,
    @Body() dto: CompleteUploadDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MediaView> {
    return this.media.complete(id, dto.parts, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A file with its status and, once ready, short-lived URLs of it and its variants' })
  @ApiAnswer(MediaViewSchema, 'The file')
  get(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<MediaView> {
    return this.media.get(id, user);
  }

  /** The stable path catalog and lessons show (`coverUrl`, `media:` images, videos): a redirect to a fresh presigned URL. */
  @Get(':id/file')
  @OptionalAuth()
  @ApiOperation({ summary: 'Redirect to a fresh presigned URL of the file or one of its variants' })
  @ApiResponse({ status: 302, description: 'Location: the presigned URL (valid for minutes)' })
  async file(
    @Id() id: string,
    @Query() query: FileQuery,
    @Res() reply: FastifyReply,
    @CurrentUser() user?: AuthenticatedUser,
  ): Promise<void> {
    const url = await this.media.fileUrl(id, query.variant, user);
    void reply.header('cache-control', 'private, max-age=60').redirect(url, 302);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a file and its variants' })
  delete(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.media.delete(id, user);
  }
}
