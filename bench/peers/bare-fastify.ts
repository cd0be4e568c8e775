// The peer for the load benchmark: a bare Fastify route that parses the same JSON and answers 202,
// with no auth, storage or queue. The ratio to it is what our durability and checks cost.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/v1/comments', async (request, reply) => {
  const body = request.body as { comment_id?: string; comments?: { comment_id: string }[] };
  return reply
    .code(202)
    .send(
      body.comments
        ? { comments: body.comments.map((c) => ({ comment_id: c.comment_id, state: 'received' })) }
        : { comment_id: body.comment_id, state: 'received' },
    );
});
const address = await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.stdout.write(`listening on ${address}\n`);
