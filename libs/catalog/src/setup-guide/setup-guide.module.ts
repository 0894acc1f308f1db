import { Module } from '@nestjs/common';
import { CONFIG } from '../../../common/src/tokens';
import type { KeyledgerConfig } from '../../../config/src/config';
import { IdentityModule } from '../../../identity/src/identity.module';
import { AiGuideWriter } from './ai-guide.writer';
import { DocsPageReader } from './docs-page.reader';
import { DraftSetupGuideController } from './draft-setup-guide.controller';
import { DraftSetupGuideHandler } from './draft-setup-guide.handler';
import { ExtractedGuideWriter } from './extracted-guide.writer';
import { GUIDE_WRITER, type GuideWriter } from './guide-writer';

const services = [
  DocsPageReader,
  {
    provide: GUIDE_WRITER,
    inject: [CONFIG],
    // A configured provider writes guides; without one, the page's own sections are the guide.
    useFactory: (config: KeyledgerConfig): GuideWriter =>
      config.ai ? new AiGuideWriter(config.ai) : new ExtractedGuideWriter(),
  },
];

/** The setup guide (issue 15, docs/adr/0019): from a docs URL to a streamed guide and a tool draft. */
@Module({
  imports: [IdentityModule],
  controllers: [DraftSetupGuideController],
  providers: [DraftSetupGuideHandler, ...services],
})
export class SetupGuideModule {}
