/**
 * The one REST client the action uses, built from the `github-token` input and the runner's API
 * URL. Functions that talk to GitHub take it as a parameter, so tests hand them a client pointed
 * at a local server.
 */
import { getOctokit } from "@actions/github";

/** An authenticated `@octokit/core` client with the REST methods and pagination. */
export type Octokit = ReturnType<typeof getOctokit>;

/**
 * A client for `apiUrl` (e.g. `https://api.github.com`). The base URL is passed explicitly
 * because `@actions/github` reads `GITHUB_API_URL` once, when it is imported.
 */
export function createOctokit(token: string, apiUrl: string): Octokit {
  return getOctokit(token, { baseUrl: apiUrl });
}

/** The HTTP status of a failed request (`RequestError.status`), or undefined for other errors. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A failed request as one line: status and message. */
export function describeRequestError(error: unknown): string {
  const status = httpStatusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status === undefined || message.includes(String(status)) ? message : `HTTP ${status}: ${message}`;
}
