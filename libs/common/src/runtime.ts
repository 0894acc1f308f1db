/** What the service needs beyond configuration: a database and its keys, resolved once. */
export interface Runtime {
  databaseUrl: string;
  embedded: boolean;
  /** Newest first; the first wraps new data keys. */
  masterKeys: Buffer[];
  signingKeyPem: string;
  jwtSecret: string;
  stop(): Promise<void>;
}
