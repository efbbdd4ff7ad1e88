// Demo content for `npm start`, created through the public HTTP API exactly as an instructor would:
// cover images and videos go through the real media pipeline (presigned upload → sniffing → worker).
// Idempotent: a course whose title already exists in the catalogue is left alone.
import { createRequire } from 'node:module';

const DEMO_COURSES = [
  {
    title: 'Kubernetes for Application Developers',
    description: 'Pods, Deployments, Services and Ingress from a developer’s point of view, with a minikube lab.',
    color: '#326ce5',
    sections: [
      {
        title: 'Workloads',
        lessons: [
          {
            type: 'text',
            title: 'What a Pod is',
            content:
              'A Pod is the smallest deployable unit: one or more containers sharing a network namespace and volumes.',
          },
          { type: 'video', title: 'Rolling out a Deployment' },
        ],
      },
      {
        title: 'Networking',
        lessons: [
          {
            type: 'text',
            title: 'Services and DNS',
            content: 'A Service gives a stable virtual IP and DNS name to a changing set of Pods selected by labels.',
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
              },
              {
                prompt: 'What gives Pods a stable DNS name?',
                choices: [
                  { text: 'A Service', correct: true },
                  { text: 'A Secret', correct: false },
                ],
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
      'Types that carry their weight: narrowing, generics, mapped and conditional types, strict mode in practice.',
    color: '#3178c6',
    sections: [
      {
        title: 'The type system',
        lessons: [
          {
            type: 'text',
            title: 'Narrowing',
            content: 'Control flow analysis narrows union types after typeof, instanceof, in and discriminant checks.',
          },
          {
            type: 'text',
            title: 'Generics',
            content:
              'Generic parameters let one function or type work over many types while keeping the relation between them.',
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
              },
              {
                prompt: 'Which are valid narrowing checks?',
                choices: [
                  { text: 'typeof x === "string"', correct: true },
                  { text: 'x instanceof Date', correct: true },
                  { text: 'x as string', correct: false },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'PostgreSQL Performance Basics',
    description: 'Reading query plans, choosing indexes and keeping transactions short.',
    color: '#336791',
    sections: [
      {
        title: 'Indexes',
        lessons: [
          {
            type: 'text',
            title: 'EXPLAIN ANALYZE',
            content: 'EXPLAIN ANALYZE runs the query and shows the plan with real row counts and timings.',
          },
          {
            type: 'text',
            title: 'B-tree and GIN',
            content:
              'B-tree indexes serve equality and ranges; GIN indexes serve full-text search and jsonb containment.',
          },
        ],
      },
    ],
  },
];

/** A minimal ISO BMFF (MP4) file: an `ftyp` box and an empty `mdat`, enough for type sniffing. */
function demoVideo() {
  const ftyp = Buffer.concat([
    Buffer.from([0, 0, 0, 24]),
    Buffer.from('ftypisom'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2'),
  ]);
  const mdat = Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.from('mdat')]);
  return Buffer.concat([ftyp, mdat]);
}

async function coverImage(root, title, color) {
  const require = createRequire(`${root}/services/media/package.json`);
  const sharp = require('sharp');
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
    });
    for (const section of course.sections) {
      const { id: sectionId } = await api.call('POST', `/api/catalog/courses/${courseId}/sections`, {
        title: section.title,
      });
      for (const lesson of section.lessons) {
        if (lesson.type === 'video') {
          if (!hasMedia) continue;
          const mediaId = await api.upload('lesson-video', 'demo.mp4', 'video/mp4', demoVideo());
          await api.call('POST', `/api/catalog/sections/${sectionId}/lessons`, {
            type: 'video',
            title: lesson.title,
            mediaId,
          });
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
