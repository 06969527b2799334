import type { Connection } from 'mongoose';
import { applicantLinkDownloadModel, type ApplicantLinkDownloadModel } from './models/applicant-link-download.js';
import { applicantLinkModel, type ApplicantLinkModel, type ApplicantLinkRecord } from './models/applicant-link.js';

export interface ApplicantLinkRepository {
  insert(record: ApplicantLinkRecord): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<ApplicantLinkRecord | undefined>;
  /** The highest download number claimed for the link, 0 when none. */
  lastClaim(tokenHash: string): Promise<number>;
  /** Claims download `n`; fails with a duplicate-key error (code 11000) when another request claimed it. */
  insertClaim(tokenHash: string, n: number, at: Date): Promise<void>;
  /** Raises the link's informational counter to `n` (never lowers it). */
  recordDownloads(tokenHash: string, n: number): Promise<void>;
}

class MongooseApplicantLinkRepository implements ApplicantLinkRepository {
  constructor(
    private readonly links: ApplicantLinkModel,
    private readonly claims: ApplicantLinkDownloadModel,
  ) {}

  async insert(record: ApplicantLinkRecord): Promise<void> {
    await this.links.create(record);
  }

  async findByTokenHash(tokenHash: string): Promise<ApplicantLinkRecord | undefined> {
    const found = await this.links.findOne({ tokenHash }, { _id: 0 }).lean<ApplicantLinkRecord>().exec();
    return found ?? undefined;
  }

  async lastClaim(tokenHash: string): Promise<number> {
    const last = await this.claims.findOne({ tokenHash }, { n: 1 }).sort({ n: -1 }).lean<{ n: number }>().exec();
    return last?.n ?? 0;
  }

  async insertClaim(tokenHash: string, n: number, at: Date): Promise<void> {
    await this.claims.create({ tokenHash, n, at });
  }

  async recordDownloads(tokenHash: string, n: number): Promise<void> {
    // Conditional, so a slower request with a smaller n cannot lower the counter.
    await this.links.updateOne({ tokenHash, downloads: { $lt: n } }, { $set: { downloads: n } }).exec();
  }
}

/** Waits for both unique indexes: without them a token or a download number could be taken twice. */
export async function openApplicantLinkRepository(conn: Connection): Promise<ApplicantLinkRepository> {
  const links = applicantLinkModel(conn);
  const claims = applicantLinkDownloadModel(conn);
  await Promise.all([links.init(), claims.init()]);
  return new MongooseApplicantLinkRepository(links, claims);
}
