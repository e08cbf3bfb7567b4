package dev.jlstm.models;

import dev.jlstm.core.Backend;
import dev.jlstm.core.io.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PyTorch {@code state_dict}s of {@code nn.LSTM} and {@code nn.GRU}: the configuration inferred from
 * the names and shapes, and every inconsistency reported with the tensor's name and its expected shape.
 */
final class StateDicts {
    private StateDicts() {}

    private static final Pattern NAME = Pattern.compile("(weight_ih|weight_hh|bias_ih|bias_hh)_l(\\d+)(_reverse)?");

    static Rnn toRnn(Map<String, Tensor> sd, CellType cell, Backend backend) {
        if (sd == null || sd.isEmpty()) {
            throw new IllegalArgumentException("state_dict is empty: expected weight_ih_l0, weight_hh_l0, ...");
        }
        int layers = 0;
        boolean reverse = false;
        for (String name : sd.keySet()) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                String hint = name.startsWith("weight_hr") ? " (LSTM projections, proj_size > 0, are not supported)" : "";
                throw new IllegalArgumentException("state_dict: unexpected tensor '" + name + "'" + hint
                        + "; " + article(cell) + " has only weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}"
                        + " and the same with _reverse");
            }
            layers = Math.max(layers, Integer.parseInt(m.group(2)) + 1);
            reverse |= m.group(3) != null;
        }
        Tensor wih0 = require(sd, "weight_ih_l0", null);
        Tensor whh0 = require(sd, "weight_hh_l0", null);
        if (whh0.rank() != 2 || wih0.rank() != 2) {
            throw new IllegalArgumentException("state_dict: weight_ih_l0 and weight_hh_l0 must be matrices, found "
                    + Arrays.toString(wih0.shape()) + " and " + Arrays.toString(whh0.shape()));
        }
        int hidden = whh0.dim(1);
        int gates = cell.gates();
        if (whh0.dim(0) != gates * hidden) {
            CellType other = cell == CellType.LSTM ? CellType.GRU : CellType.LSTM;
            String hint = whh0.dim(0) == other.gates() * hidden ? " (those are the shapes of " + article(other) + ")" : "";
            throw new IllegalArgumentException("state_dict: weight_hh_l0 must be [" + gates * hidden + ", " + hidden
                    + "] for " + article(cell) + " (" + gates + " gates x H = " + hidden + "), found "
                    + Arrays.toString(whh0.shape()) + hint);
        }
        boolean bias = sd.containsKey("bias_ih_l0") || sd.containsKey("bias_hh_l0");
        RnnConfig config = new RnnConfig(cell, wih0.dim(1), hidden, layers, reverse, bias, 0, Merge.CONCAT);
        List<Parameter> params = Rnn.newParameters(config);
        for (Parameter p : params) {
            Tensor t = require(sd, p.name(), p.shape());
            System.arraycopy(t.data(), 0, p.value(), 0, p.size());
        }
        if (params.size() != sd.size()) {
            TreeSet<String> extra = new TreeSet<>(sd.keySet());
            params.forEach(p -> extra.remove(p.name()));
            throw new IllegalArgumentException("state_dict: unexpected tensors " + extra + " for " + config);
        }
        return Rnn.withParameters(config, backend, params);
    }

    private static Tensor require(Map<String, Tensor> sd, String name, int[] shape) {
        Tensor t = sd.get(name);
        if (t == null) {
            throw new IllegalArgumentException("state_dict: missing tensor '" + name + "'"
                    + (shape == null ? "" : " of shape " + Arrays.toString(shape)) + "; found " + new TreeSet<>(sd.keySet()));
        }
        if (shape != null && !Arrays.equals(shape, t.shape())) {
            throw new IllegalArgumentException("state_dict: tensor '" + name + "' must have shape " + Arrays.toString(shape)
                    + ", found " + Arrays.toString(t.shape()));
        }
        return t;
    }

    private static String article(CellType cell) {
        return (cell == CellType.LSTM ? "an " : "a ") + cell;
    }

    static Map<String, Tensor> of(List<Parameter> params) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (Parameter p : params) {
            sd.put(p.name(), new Tensor(p.shape(), p.value().clone()));
        }
        return sd;
    }
}
