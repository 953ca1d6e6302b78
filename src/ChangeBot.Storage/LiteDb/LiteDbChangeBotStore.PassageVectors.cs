using System.Runtime.InteropServices;
using ChangeBot.Core.Storage;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

public sealed partial class LiteDbChangeBotStore
{
    private const string ModelField = "model";
    private const string VectorField = "vector";

    private ILiteCollection<BsonDocument> Vectors => _db.GetCollection("passage_vectors");

    public Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string model, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<PassageVector>>([.. Vectors.Find(Query.EQ(ModelField, model))
            .Select(d => new PassageVector(d[Columns.Id].AsString[(model.Length + 1)..], FromBytes(d[VectorField].AsBinary)))]);
    }

    public Task SavePassageVectorsAsync(string model, IReadOnlyList<PassageVector> vectors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ct.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            var collection = Vectors;
            collection.EnsureIndex(ModelField);
            _db.BeginTrans();
            try
            {
                foreach (var vector in vectors)
                {
                    // Model names hold no '|', so it separates them from the hash.
                    var id = model + "|" + vector.ContentHash;
                    if (collection.FindById(id) is null)
                    {
                        collection.Insert(new BsonDocument
                        {
                            [Columns.Id] = id,
                            [ModelField] = model,
                            [VectorField] = MemoryMarshal.AsBytes(vector.Vector.AsSpan()).ToArray(),
                        });
                    }
                }

                _db.Commit();
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }

        return Task.CompletedTask;
    }

    private static float[] FromBytes(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
