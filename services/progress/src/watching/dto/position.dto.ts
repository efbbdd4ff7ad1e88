import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

/** A day: longer than any lesson video, short enough to keep the figures sane. */
export const MAX_VIDEO_SECONDS = 24 * 60 * 60;

export class PositionReportDto {
  @ApiProperty({ description: 'Seconds from the start of the video, at most its duration' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'position must be a number of seconds' })
  @Min(0, { message: 'position must not be negative' })
  @Max(MAX_VIDEO_SECONDS, { message: `position must be at most ${MAX_VIDEO_SECONDS} seconds` })
  position!: number;

  @ApiProperty({ description: "The video's duration in seconds, as the player knows it" })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'duration must be a number of seconds' })
  @Min(0.1, { message: 'duration must be at least 0.1 seconds' })
  @Max(MAX_VIDEO_SECONDS, { message: `duration must be at most ${MAX_VIDEO_SECONDS} seconds` })
  duration!: number;
}
