import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';
import { COMMAND_LOG_LOOKUP_MAX_IDS, CommandLogLookupRequest } from '@app/contracts';

export class CommandLogLookupRequestDto implements CommandLogLookupRequest {
  @IsArray({ message: 'commandIds must be an array of strings' })
  @ArrayMaxSize(COMMAND_LOG_LOOKUP_MAX_IDS, {
    message: `commandIds holds at most ${COMMAND_LOG_LOOKUP_MAX_IDS} ids`,
  })
  @IsString({ each: true, message: 'each commandId must be a string' })
  @Length(1, 255, { each: true, message: 'each commandId is 1 to 255 characters' })
  commandIds!: string[];
}
