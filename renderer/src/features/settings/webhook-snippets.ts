export interface Snippet {
  readonly vendor: string;
  readonly how: string;
  readonly code: string;
}

/** "How to call it" per vendor, with the user's own URL filled in. */
export function webhookSnippets(url: string, exampleImage = 'localhost:5000/acme/web:1.4.0'): readonly Snippet[] {
  return [
    {
      vendor: 'curl / any CI',
      how: 'After `docker push`, tell Slipway which image tag now exists:',
      code: `curl -fsS -X POST -H 'content-type: application/json' \\\n  -d '{"image":"${exampleImage}"}' \\\n  '${url}'`,
    },
    {
      vendor: 'Docker registry',
      how: 'Add a notification endpoint to the registry configuration (config.yml):',
      code: `notifications:\n  endpoints:\n    - name: slipway\n      url: ${url}\n      timeout: 2s\n      threshold: 3\n      backoff: 1s`,
    },
    {
      vendor: 'GitHub',
      how: 'Repository → Settings → Webhooks → Add webhook. Content type application/json; events: Packages (and Pushes to follow git).',
      code: `Payload URL: ${url}`,
    },
    {
      vendor: 'Gitea / Forgejo',
      how: 'Repository or organisation → Settings → Webhooks → Gitea. Trigger on: Package events (and Push).',
      code: `Target URL: ${url}\nContent type: application/json`,
    },
    {
      vendor: 'GitLab',
      how: 'Project → Settings → Webhooks. Triggers: Tag push events, Push events.',
      code: `URL: ${url}`,
    },
    {
      vendor: 'Docker Hub / Harbor / Quay',
      how: 'Add a webhook on the repository that fires on image push:',
      code: `Webhook URL: ${url}`,
    },
  ];
}
