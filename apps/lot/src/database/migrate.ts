import { runMigrations } from '@app/common';
import dataSource from './data-source';

void runMigrations('lot', dataSource);
