import { runMigrations } from '@app/common';
import dataSource, { SERVICE } from './data-source';

void runMigrations(SERVICE, dataSource);
