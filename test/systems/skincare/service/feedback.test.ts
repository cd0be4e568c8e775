// A recommendation's rating over the real routes and store: a comment is only replaced when one is
// sent, the same score without one changes nothing, and a replacing rating names the score it
// replaced (in the answer and in the OpenAPI document).
import { describe, expect, it } from 'vitest';
import { hostForFile } from './helpers.ts';

const t = hostForFile();

const stored = async (recommendationId: string) =>
  t()
    .db.selectFrom('skincare_feedback')
    .select(['score', 'comment'])
    .where('recommendation_id', '=', recommendationId)
    .executeTakeFirstOrThrow();

describe('skincare feedback outcomes', () => {
  it('keeps the comment when none is sent, and names the previous score of a replaced rating', async () => {
    const routine = await t().call('POST', '/v1/skincare/recommendations', {
      user_id: 'rater',
      questionnaire: { skin_type: 'dry', sensitive: false, goals: ['dryness'] },
    });
    expect(routine.status).toBe(201);
    const R = routine.body.recommendation_id as string;
    const rate = (body: Record<string, unknown>) =>
      t().call('POST', '/v1/skincare/feedback', { recommendation_id: R, ...body });

    const created = await rate({ score: 8, comment: 'nice' });
    expect(created).toMatchObject({
      status: 201,
      body: { recommendation_id: R, score: 8, outcome: 'created' },
    });
    expect(created.body).not.toHaveProperty('previous_score');

    // The same score without a comment: nothing changes, the comment stays.
    const scoreAgain = await rate({ score: 8 });
    expect(scoreAgain).toMatchObject({ status: 200, body: { score: 8, outcome: 'unchanged' } });
    expect(scoreAgain.body).not.toHaveProperty('previous_score');
    expect(await stored(R)).toEqual({ score: 8, comment: 'nice' });
    expect((await rate({ score: 8, comment: 'nice' })).body.outcome).toBe('unchanged');

    // A new score alone replaces the score and keeps the comment.
    const lower = await rate({ score: 6 });
    expect(lower).toMatchObject({ status: 200, body: { score: 6, outcome: 'replaced', previous_score: 8 } });
    expect(await stored(R)).toEqual({ score: 6, comment: 'nice' });

    // A new comment with the same score replaces the comment.
    const reworded = await rate({ score: 6, comment: 'too rich' });
    expect(reworded).toMatchObject({ status: 200, body: { outcome: 'replaced', previous_score: 6 } });
    expect(await stored(R)).toEqual({ score: 6, comment: 'too rich' });
  });

  it('documents previous_score in the OpenAPI answer', async () => {
    const docs = (await t().host.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<
        string,
        { post: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }
      >;
    };
    const ok = docs.paths['/v1/skincare/feedback']!.post.responses['200']!.content['application/json']!;
    expect(ok.schema).toMatchObject({ properties: { previous_score: { type: 'integer' } } });
  });
});
