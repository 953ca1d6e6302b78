using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;

namespace ChangeBot.Core.Answers.Dense;

/// <summary>How a model turns its per-token vectors into one sentence vector.</summary>
internal enum SentencePooling
{
    /// <summary>The mean of the tokens' vectors (MiniLM).</summary>
    Mean,

    /// <summary>The first ([CLS]) token's vector (Arctic-embed).</summary>
    Classification,
}

/// <summary>
/// Runs a sentence-embedding model that ships as a resource inside its package's assembly, the way the
/// package's own encoder does (same tokenizer, same pooling), but with a third of its memory: the package
/// reads the 90 MB model into a managed array and ONNX Runtime copies it again, and both copies stay. Here
/// the resource is copied from the assembly's file (not its mapped image, which would count as resident) to
/// a private temporary file, the session is created from that path, and the file is deleted once loaded.
/// Pooling and normalisation work on spans, without the per-element index arrays of the package's helpers.
/// Not thread-safe: <see cref="SentenceEmbedder"/> serialises calls.
/// </summary>
internal sealed class OnnxSentenceEncoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly RunOptions _runOptions = new();
    private readonly TokenizerBase _tokenizer;
    private readonly SentencePooling _pooling;
    private readonly string[] _outputNames;

    public OnnxSentenceEncoder(Assembly modelAssembly, TokenizerBase tokenizer, SentencePooling pooling)
    {
        _tokenizer = tokenizer;
        _pooling = pooling;
        _options = new SessionOptions
        {
            // The arena keeps the largest input's buffers for the life of the process; inputs here are one
            // sentence or one passage, so without it resident memory stays near the model's own size.
            EnableCpuMemArena = false,
            EnableMemoryPattern = false,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var path = ExtractModel(modelAssembly);
        try
        {
            _session = new InferenceSession(path, _options);
        }
        finally
        {
            File.Delete(path);
        }

        _outputNames = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>The unit-length vector of <paramref name="text"/>.</summary>
    public float[] Encode(string text)
    {
        var (ids, types, mask) = _tokenizer.Encode(text)[0];
        long[] shape = [1, ids.Length];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var tokenTypeIds = OrtValue.CreateTensorValueFromMemory(types, shape);
        var inputs = new Dictionary<string, OrtValue>(3, StringComparer.Ordinal)
        {
            ["input_ids"] = inputIds,
            ["attention_mask"] = attentionMask,
            ["token_type_ids"] = tokenTypeIds,
        };
        using var outputs = _session.Run(_runOptions, inputs, _outputNames);
        var tokens = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = (int)outputs[0].GetTensorTypeAndShape().Shape[^1];
        var vector = new float[dimensions];
        if (_pooling == SentencePooling.Classification)
        {
            tokens[..dimensions].CopyTo(vector);
        }
        else
        {
            // One sentence, no padding: every token counts.
            var count = tokens.Length / dimensions;
            for (var t = 0; t < count; t++)
            {
                TensorPrimitives.Add(vector, tokens.Slice(t * dimensions, dimensions), vector);
            }
        }

        var norm = TensorPrimitives.Norm<float>(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
        _options.Dispose();
    }

    /// <summary>
    /// Copies the assembly's <c>model.onnx</c> resource to a new file only this user can read, reading the
    /// assembly's file through a stream: the copy never enters managed memory, and the pages of the loaded
    /// assembly are not touched.
    /// </summary>
    private static string ExtractModel(Assembly assembly)
    {
        var resourceName = assembly.GetName().Name + ".Resources.model.onnx";
        using var file = new FileStream(assembly.Location, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        long offset;
        using (var pe = new PEReader(file, PEStreamOptions.LeaveOpen))
        {
            var metadata = pe.GetMetadataReader();
            var resource = metadata.ManifestResources.Select(metadata.GetManifestResource)
                .FirstOrDefault(r => r.Implementation.IsNil && metadata.GetString(r.Name) == resourceName);
            if (resource.Name.IsNil
                || !pe.PEHeaders.TryGetDirectoryOffset(pe.PEHeaders.CorHeader!.ResourcesDirectory, out var resources))
            {
                throw new InvalidDataException($"{assembly.GetName().Name} holds no resource {resourceName}.");
            }

            offset = resources + resource.Offset;
        }

        // A managed resource is its length (4 bytes, little-endian) followed by its bytes.
        Span<byte> prefix = stackalloc byte[4];
        file.Position = offset;
        file.ReadExactly(prefix);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        var path = Path.Combine(Path.GetTempPath(), $"changebot-{Guid.NewGuid():N}.onnx");
        var create = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            BufferSize = 1 << 16,
        };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var model = new FileStream(path, create);
            var buffer = new byte[1 << 16];
            for (var left = (long)length; left > 0;)
            {
                var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw new EndOfStreamException($"{resourceName} in {assembly.GetName().Name} is cut short.");
                }

                model.Write(buffer, 0, read);
                left -= read;
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return path;
    }
}
