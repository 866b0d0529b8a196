/**
 * The transport keys, at the budget's top level (every scenario's default) and per scenario (a
 * scenario's key replaces the top level's, key by key): `tls:` (trust, client certificate, SNI),
 * `http2: true` (offered by ALPN) and `proxy: <url> | none`. File contents are read and checked
 * apart from the schema (transport-checks.ts), where a problem can name the file.
 */
import * as z from "zod";
import { isProxyUrl } from "./proxy-env.js";

const fileError = "expected a PEM file path relative to the budget, like certs/ca.pem";
const pemFile = (description: string) =>
  z.string({ error: fileError }).min(1, { error: fileError }).meta({ description }).optional();

/** The `tls:` map. */
export const tlsSchema = z
  .strictObject(
    {
      ca: pemFile(
        "PEM file of the CA (or the self-signed certificate) the target's certificate must chain to, instead of the system's CAs; relative to the budget.",
      ),
      insecure: z
        .boolean({ error: "expected true or false" })
        .meta({
          description:
            "true: do not verify the target's certificate at all (a staging endpoint). Every output warns about it; prefer ca.",
          default: false,
        })
        .optional(),
      cert: pemFile("PEM client certificate (with key), for a server that asks for one (mutual TLS)."),
      key: pemFile("PEM private key of cert (unencrypted)."),
      servername: z
        .string({ error: "expected a host name, like api.internal.example" })
        .min(1, { error: "expected a host name, like api.internal.example" })
        .regex(/^[A-Za-z0-9.-]+$/, { error: "expected a host name, like api.internal.example" })
        .meta({
          description:
            "Name sent in SNI and checked against the certificate, when it is not the target's host (e.g. a target given by IP address).",
        })
        .optional(),
    },
    { error: "expected a map with ca, insecure, cert, key, servername" },
  )
  .meta({ title: "TLS", description: "How https connections are made and verified." });

const proxyError = 'expected an http:// proxy URL like "http://proxy.internal:3128", or none';

/**
 * The transport keys as schema entries, spread into the budget's and the scenario's maps. Their
 * own strictness lives in the values: a misspelt key among them gets "did you mean" for free.
 */
export const transportKeys = {
  tls: tlsSchema.optional(),
  http2: z
    .boolean({ error: "expected true or false" })
    .meta({
      description:
        "true: offer HTTP/2 (first) by ALPN on https connections: h2 when the server takes it, http/1.1 otherwise. Absent or false: http/1.1 only. The report names the protocol used.",
      default: false,
    })
    .optional(),
  proxy: z
    .string({ error: proxyError })
    .refine((text) => text === "none" || isProxyUrl(text), { error: proxyError })
    .meta({
      description:
        "Forward proxy every connection goes through (CONNECT for https, absolute-form requests for http); none: no proxy, whatever the environment says. Absent: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (or lower-case) from the environment. Credentials in the URL (user:password@) are sent to the proxy and never printed.",
    })
    .optional(),
};

/** The transport keys as written (validated), at one level of the budget. */
export interface TransportInput {
  readonly tls?: z.output<typeof tlsSchema> | undefined;
  readonly http2?: boolean | undefined;
  readonly proxy?: string | undefined;
}
