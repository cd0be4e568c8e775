// POST /v1/skincare/analyses with a broken multipart form, over the real routes: every 400 names
// the form field in errors[].field, as the JSON routes' validation errors do.
import { describe, expect, it } from 'vitest';
import { JPEG_HEADER_ONLY, headers, hostForFile, multipartBody } from './helpers.ts';

const t = hostForFile();

const jpeg = JPEG_HEADER_ONLY;

const send = async (body: { payload: Buffer; headers: Record<string, string> }) => {
  const response = await t().host.app.inject({
    method: 'POST',
    url: '/v1/skincare/analyses',
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
  return { status: response.statusCode, body: response.json() as { detail: string; errors?: unknown } };
};

/** A form with two files in `photo` (multipartBody holds one). */
function twoPhotos(): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----mlsdtwophotos';
  const file = (name: string) => [
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="photo"; filename="${name}"\r\ncontent-type: image/jpeg\r\n\r\n`,
    ),
    jpeg,
    Buffer.from('\r\n'),
  ];
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="user_id"\r\n\r\nu1\r\n`),
      ...file('a.jpg'),
      ...file('b.jpg'),
      Buffer.from(`--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('the photo form refusals', () => {
  it('names body.photo when the photo is missing, empty, text or doubled', async () => {
    const missing = await send(multipartBody({ user_id: 'u1' }));
    expect(missing).toMatchObject({
      status: 400,
      body: {
        detail: 'send the image in the multipart field "photo"',
        errors: [{ field: 'body.photo', message: 'is required: the image as a file upload' }],
      },
    });
    const empty = await send(multipartBody({ user_id: 'u1' }, { bytes: Buffer.alloc(0) }));
    expect(empty).toMatchObject({ status: 400, body: { errors: [{ field: 'body.photo' }] } });

    // `-F photo=abc`: the photo as a text field is said to be one, not "not known".
    const text = await send(multipartBody({ user_id: 'u1', photo: 'abc' }));
    expect(text).toMatchObject({
      status: 400,
      body: {
        detail: 'the field "photo" must be a file upload (curl: -F photo=@face.jpg), not text',
        errors: [{ field: 'body.photo', message: 'must be a file upload, not text' }],
      },
    });
    expect(text.body.detail).not.toMatch(/not known/);

    const doubled = await send(twoPhotos());
    expect(doubled).toMatchObject({
      status: 400,
      body: { detail: 'send one photo per request', errors: [{ field: 'body.photo' }] },
    });
  });

  it('names body.<field> for an unknown field or file field', async () => {
    const foo = await send(multipartBody({ user_id: 'u1', foo: 'bar' }, { bytes: jpeg }));
    expect(foo).toMatchObject({
      status: 400,
      body: {
        detail:
          'the field "foo" is not known (fields: photo, user_id, consent_photo_processing, consent_keep_history)',
        errors: [{ field: 'body.foo', message: 'is not allowed (not a field of this request)' }],
      },
    });
    const selfie = await send(multipartBody({ user_id: 'u1' }, { bytes: jpeg, field: 'selfie' }));
    expect(selfie).toMatchObject({ status: 400, body: { errors: [{ field: 'body.selfie' }] } });
  });

  it('names the body for a form that cannot be read', async () => {
    const malformed = await send({
      payload: Buffer.from(
        '--xyz\r\ncontent-disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\nabc',
      ),
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(malformed).toMatchObject({ status: 400, body: { errors: [{ field: 'body' }] } });
  });
});
