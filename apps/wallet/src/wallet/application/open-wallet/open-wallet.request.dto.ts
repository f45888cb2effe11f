import { Matches } from 'class-validator';
import { USER_ID_PATTERN } from '../../api/user-id.param';

export class OpenWalletRequestDto {
  @Matches(USER_ID_PATTERN, { message: 'userId must be 1-64 characters of letters, digits, _ or -' })
  userId: string;
}
