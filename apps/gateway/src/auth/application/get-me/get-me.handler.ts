import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { unauthorized } from '../../../shared/http-error';
import { UserEntity } from '../../infrastructure/user.entity';
import { GetMeQuery, MeDto } from './get-me.query';

@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery, MeDto> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ userId }: GetMeQuery): Promise<MeDto> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    // A valid token for a user that no longer exists is no longer a valid identity.
    if (!user) throw unauthorized();
    return {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
