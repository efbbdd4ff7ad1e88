// Demo content for `npm start`, created through the public HTTP API exactly as an instructor would:
// cover images and videos go through the real media pipeline (presigned upload → sniffing → worker).
// Idempotent: a course whose title already exists in the catalogue is left alone.
// Text lessons are Markdown; `{{image:<name>}}` in one stands for an image of DEMO_IMAGES, uploaded
// through media and referenced as `media:<id>` (the web app shows it through media's redirect).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const DEMO_COURSES = [
  {
    title: 'Kubernetes for Application Developers',
    description:
      'Pods, Deployments, Services and Ingress from a developer’s point of view: container orchestration, rolling updates and service discovery, with a minikube lab.',
    category: 'cloud-devops',
    color: '#326ce5',
    sections: [
      {
        title: 'Workloads',
        lessons: [
          {
            type: 'text',
            title: 'What a Pod is',
            content: `A **Pod** is the smallest deployable unit: one or more containers sharing a network namespace and volumes.

{{image:pod}}

## What shares what

- containers in a Pod reach each other on \`localhost\`
- they can mount the same *volumes*
- they are scheduled, started and stopped **together**

\`\`\`yaml
apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  containers:
    - name: web
      image: nginx:1.27
\`\`\`

More in the [Kubernetes documentation](https://kubernetes.io/docs/concepts/workloads/pods/).`,
          },
          {
            type: 'video',
            title: 'Rolling out a Deployment',
            video: 'demo-lesson.mp4',
            captions: 'demo-lesson.en.vtt',
          },
        ],
      },
      {
        title: 'Networking',
        lessons: [
          {
            type: 'text',
            title: 'Services and DNS',
            content: `A **Service** gives a stable virtual IP and DNS name to a changing set of Pods selected by *labels*.

| type | reachable from |
| --- | --- |
| ClusterIP | inside the cluster |
| NodePort | every node's IP |
| LoadBalancer | outside, through the cloud's load balancer |

> Pods come and go; the Service's name stays: \`http://my-service.my-namespace.svc\`.`,
          },
          {
            type: 'quiz',
            title: 'Check your understanding',
            passPercent: 50,
            questions: [
              {
                prompt: 'Which object keeps a set of identical Pods running?',
                choices: [
                  { text: 'Deployment', correct: true },
                  { text: 'ConfigMap', correct: false },
                  { text: 'Ingress', correct: false },
                ],
                explanation:
                  'A Deployment keeps its ReplicaSet at the wanted number of Pods and replaces any that fail.',
              },
              {
                prompt: 'What gives Pods a stable DNS name?',
                choices: [
                  { text: 'A Service', correct: true },
                  { text: 'A Secret', correct: false },
                ],
                explanation: 'A Service gives a changing set of Pods one stable name and address.',
              },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'TypeScript in Depth',
    description:
      'Types that carry their weight: narrowing, generics, mapped and conditional types, strict mode in practice for JavaScript developers.',
    category: 'programming',
    color: '#3178c6',
    sections: [
      {
        title: 'The type system',
        lessons: [
          {
            type: 'text',
            title: 'Narrowing',
            content: `Control flow analysis **narrows** union types after \`typeof\`, \`instanceof\`, \`in\` and discriminant checks.

\`\`\`ts
function size(value: string | string[]): number {
  if (typeof value === 'string') return value.length; // value: string
  return value.length; // value: string[]
}
\`\`\`

1. \`typeof\` for primitives
2. \`instanceof\` for classes
3. a shared literal field (\`kind\`) for tagged unions`,
          },
          {
            type: 'text',
            title: 'Generics',
            content: `Generic parameters let one function or type work over *many* types while keeping the **relation** between them.

\`\`\`ts
function first<T>(items: readonly T[]): T | undefined {
  return items[0];
}
\`\`\`

See the [handbook chapter on generics](https://www.typescriptlang.org/docs/handbook/2/generics.html).`,
          },
          {
            type: 'quiz',
            title: 'Types quiz',
            passPercent: 60,
            questions: [
              {
                prompt: 'Which flag turns on all strict checks?',
                choices: [
                  { text: 'strict', correct: true },
                  { text: 'noEmit', correct: false },
                ],
                explanation: '`strict` turns on the whole family of strict checks; `noEmit` only skips writing output.',
              },
              {
                prompt: 'Which are valid narrowing checks?',
                choices: [
                  { text: 'typeof x === "string"', correct: true },
                  { text: 'x instanceof Date', correct: true },
                  { text: 'x as string', correct: false },
                ],
                explanation:
                  '`typeof` and `instanceof` narrow at run time; `as` only tells the compiler, checking nothing.',
              },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'PostgreSQL Performance Basics',
    description:
      'Reading query plans, choosing B-tree and GIN indexes, full-text search and keeping transactions short in a relational database.',
    category: 'data-databases',
    color: '#336791',
    sections: [
      {
        title: 'Indexes',
        lessons: [
          {
            type: 'text',
            title: 'EXPLAIN ANALYZE',
            content: `\`EXPLAIN ANALYZE\` **runs** the query and shows the plan with real row counts and timings.

\`\`\`sql
explain analyze select * from courses where status = 'published';
\`\`\`

Read it from the innermost node outwards, and compare *estimated* with *actual* rows.`,
          },
          {
            type: 'text',
            title: 'B-tree and GIN',
            content: `## B-tree

Equality and ranges: \`=\`, \`<\`, \`between\`, \`order by\`.

## GIN

Many keys per row: full-text search (\`tsvector\`), trigram similarity (\`pg_trgm\`) and \`jsonb\` containment.`,
          },
        ],
      },
    ],
  },
];

/** Images for text lessons, drawn as SVG and rasterised with sharp like the covers. */
const DEMO_IMAGES = {
  pod: {
    alt: 'A Pod holding two containers that share a network and a volume',
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="360">
      <rect width="100%" height="100%" fill="#f7f8fa"/>
      <rect x="40" y="40" width="720" height="280" rx="24" fill="#dbe4ff" stroke="#326ce5" stroke-width="6"/>
      <text x="70" y="90" font-family="sans-serif" font-size="32" font-weight="bold" fill="#1e3a8a">Pod</text>
      <rect x="90" y="120" width="260" height="120" rx="12" fill="#fff" stroke="#1e3a8a" stroke-width="3"/>
      <text x="130" y="190" font-family="sans-serif" font-size="28" fill="#1e3a8a">container A</text>
      <rect x="450" y="120" width="260" height="120" rx="12" fill="#fff" stroke="#1e3a8a" stroke-width="3"/>
      <text x="490" y="190" font-family="sans-serif" font-size="28" fill="#1e3a8a">container B</text>
      <text x="230" y="295" font-family="sans-serif" font-size="24" fill="#1e3a8a">shared network · shared volumes</text>
    </svg>`,
  },
};

/** A committed fixture (a real H.264/AAC video and its WebVTT captions; fixtures/README.md says how they were made). */
function fixture(root, name) {
  return readFileSync(join(root, 'scripts', 'platform', 'fixtures', name));
}

function sharpOf(root) {
  return createRequire(`${root}/services/media/package.json`)('sharp');
}

/** The lesson's Markdown with its `{{image:<name>}}` uploaded (or, without media, left out). */
async function withImages(api, root, content, hasMedia) {
  let result = content;
  for (const [placeholder, name] of content.matchAll(/\{\{image:([a-z-]+)\}\}/g)) {
    const image = DEMO_IMAGES[name];
    let markdown = '';
    if (hasMedia && image) {
      const bytes = await sharpOf(root)(Buffer.from(image.svg)).png().toBuffer();
      const mediaId = await api.upload('course-cover', `${name}.png`, 'image/png', bytes);
      markdown = `![${image.alt}](media:${mediaId})`;
    }
    result = result.replace(placeholder, markdown);
  }
  return result;
}

async function coverImage(root, title, color) {
  const sharp = sharpOf(root);
  const escaped = title.replace(/[<>&]/g, '');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675">
    <rect width="100%" height="100%" fill="${color}"/>
    <text x="60" y="380" font-family="sans-serif" font-size="44" font-weight="bold" fill="#fff">${escaped}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

class ApiClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
  }

  async call(method, path, body) {
    const headers = this.token ? { authorization: `Bearer ${this.token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
    return json;
  }

  async login(email, password) {
    this.token = (await this.call('POST', '/api/identity/login', { email, password })).accessToken;
  }

  async upload(purpose, filename, contentType, bytes) {
    const upload = await this.call('POST', '/api/media/uploads', {
      filename,
      contentType,
      size: bytes.length,
      purpose,
    });
    const put = await fetch(upload.uploadUrl, {
      method: upload.method ?? 'PUT',
      headers: upload.headers ?? { 'content-type': contentType },
      body: bytes,
    });
    if (!put.ok) throw new Error(`upload of ${filename} to storage failed: ${put.status}`);
    await this.call('POST', `/api/media/uploads/${upload.id}/complete`);
    for (let attempt = 0; attempt < 120; attempt++) {
      const media = await this.call('GET', `/api/media/${upload.id}`);
      if (media.status === 'ready') return upload.id;
      if (media.status === 'failed')
        throw new Error(`${filename} failed in the media pipeline: ${media.failureReason ?? 'no reason given'}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${filename} was not ready within 30 s`);
  }
}

export async function seedDemoData({ env, urls, services, log, root }) {
  if (!services.includes('catalog') || !services.includes('identity')) {
    log('demo data: identity or catalog is not built yet; demo courses skipped');
    return;
  }
  const api = new ApiClient(urls.platform);
  await api.login('instructor@demo.local', env.DEMO_PASSWORD);
  const hasMedia = services.includes('media');
  let created = 0;
  for (const course of DEMO_COURSES) {
    const existing = await api.call(
      'GET',
      `/api/catalog/courses?search=${encodeURIComponent(course.title)}&page=1&limit=20`,
    );
    if (existing.items.some((item) => item.title === course.title)) continue;
    const { id: courseId } = await api.call('POST', '/api/catalog/courses', {
      title: course.title,
      description: course.description,
      category: course.category,
    });
    for (const section of course.sections) {
      const { id: sectionId } = await api.call('POST', `/api/catalog/courses/${courseId}/sections`, {
        title: section.title,
      });
      for (const lesson of section.lessons) {
        if (lesson.type === 'video') {
          if (!hasMedia) continue;
          const mediaId = await api.upload('lesson-video', lesson.video, 'video/mp4', fixture(root, lesson.video));
          const captionsMediaId = await api.upload(
            'lesson-captions',
            lesson.captions,
            'text/vtt',
            fixture(root, lesson.captions),
          );
          await api.call('POST', `/api/catalog/sections/${sectionId}/lessons`, {
            type: 'video',
            title: lesson.title,
            mediaId,
            captionsMediaId,
          });
        } else if (lesson.type === 'text') {
          const content = await withImages(api, root, lesson.content, hasMedia);
          await api.call('POST', `/api/catalog/sections/${sectionId}/lessons`, { ...lesson, content });
        } else {
          await api.call('POST', `/api/catalog/sections/${sectionId}/lessons`, lesson);
        }
      }
    }
    if (hasMedia) {
      const cover = await coverImage(root, course.title, course.color);
      const mediaId = await api.upload('course-cover', 'cover.jpg', 'image/jpeg', cover);
      await api.call('PUT', `/api/catalog/courses/${courseId}/cover`, { mediaId });
    }
    await api.call('POST', `/api/catalog/courses/${courseId}/publish`);
    created++;
  }
  log(`demo data: ${created} demo course(s) created, ${DEMO_COURSES.length - created} already there`);
}
