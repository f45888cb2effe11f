import { Controller, Get, Param, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '@app/common';
import { resolveWebFile, WEB_BASE, webRoot } from './web-files';

/** Serves the built web app (dist/web) under /app, with index.html for its client-side routes. */
@ApiExcludeController()
@Controller()
export class WebHttpController {
  private readonly root = webRoot();

  @Get()
  @Redirect(`${WEB_BASE}/`, 302)
  home(): void {}

  @Get(WEB_BASE.slice(1))
  index(@Res() res: Response): void {
    this.send([], res);
  }

  @Get(`${WEB_BASE.slice(1)}/{*path}`)
  file(@Param('path') segments: string[] | string, @Res() res: Response): void {
    this.send(Array.isArray(segments) ? segments : segments.split('/'), res);
  }

  private send(segments: string[], res: Response): void {
    const found = resolveWebFile(this.root, segments);
    if (found.kind === 'missing') {
      throw new DomainError(
        'WEB.NOT_FOUND',
        'No such page or asset (is the web app built? npm run build:web)',
        'not_found',
      );
    }
    res.setHeader('cache-control', found.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.sendFile(found.file);
  }
}
