import { IsOptional, Matches } from 'class-validator';

export class LinkAddressRequestDto {
  /** 0x + 40 hex digits, any letter case (the checksum is not required). */
  @Matches(/^0x[0-9a-fA-F]{40}$/, { message: 'address must be 0x followed by 40 hex digits' })
  address: string;

  /** The 65-byte personal_sign signature of the challenge message. */
  @Matches(/^0x[0-9a-fA-F]{130}$/, { message: 'signature must be 0x followed by 130 hex digits' })
  signature: string;

  /** The challenge's nonce; when absent the user's recent challenges are tried. */
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'nonce must be 32 lower-case hex digits' })
  nonce?: string;
}
