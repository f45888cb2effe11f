import { IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';
import { SLOT_ID_PATTERN } from '@app/contracts';

export class CreateSlotRequestDto {
  @Matches(SLOT_ID_PATTERN, { message: 'id must be 1-64 characters of letters, digits, _, ., : or -' })
  id: string;

  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'startsAt must be an ISO 8601 timestamp' })
  startsAt: string;

  @IsInt({ message: 'capacity must be an integer' })
  @Min(1, { message: 'capacity must be at least 1' })
  @Max(10_000, { message: 'capacity must be at most 10000' })
  capacity: number;
}
