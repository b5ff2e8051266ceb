import { request as httpsRequest } from "node:https";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface HttpRequest {
  method: string;
  url: string;
  ca: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One HTTPS request that trusts only `ca`. */
export function httpsCall(options: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(options.url, { method: options.method, headers: options.headers, ca: options.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}
