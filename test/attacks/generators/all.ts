import type { Generator } from '../lib/context.js';
import { certificateGenerators, controlGenerators } from './certificates.js';
import { certificationGenerators } from './certification.js';
import { cmsGenerators } from './cms.js';
import { encryptedGenerators } from './encrypted.js';
import { formGenerators } from './form.js';
import { gapGenerators } from './gap.js';
import { isaGenerators } from './isa.js';
import { maskingGenerators } from './masking.js';
import { partialCheckGenerators } from './partial-checks.js';
import { readerDisagreementGenerators } from './reader-disagreement.js';
import { repairTriggerGenerators } from './repair-triggers.js';
import { tableRepairGenerators } from './table-repairs.js';
import { registryGenerators } from './registry.js';
import { shadowGenerators } from './shadow.js';
import { signatureObjectGenerators } from './signature-object.js';
import { swaGenerators } from './swa.js';
import { ur3Generators } from './ur3.js';
import { usfGenerators } from './usf.js';

/** Every generator by attack id; the test checks these ids against the table's. */
export const ALL_GENERATORS: Readonly<Record<string, Generator>> = {
  ...controlGenerators,
  ...usfGenerators,
  ...isaGenerators,
  ...swaGenerators,
  ...gapGenerators,
  ...signatureObjectGenerators,
  ...formGenerators,
  ...shadowGenerators,
  ...certificationGenerators,
  ...cmsGenerators,
  ...maskingGenerators,
  ...readerDisagreementGenerators,
  ...repairTriggerGenerators,
  ...tableRepairGenerators,
  ...partialCheckGenerators,
  ...ur3Generators,
  ...certificateGenerators,
  ...registryGenerators,
  ...encryptedGenerators,
};
