import { IsString, Length } from 'class-validator';

export class ListBookingsRequestDto {
  @IsString({ message: 'orderId is required' })
  @Length(1, 255, { message: 'orderId must be 1-255 characters' })
  orderId: string;
}
