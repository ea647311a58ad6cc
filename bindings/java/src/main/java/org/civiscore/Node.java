package org.civiscore;

/**
 * One node of a model's tree, in model order (pre-order: the root first).
 *
 * @param index position in model order (the column of this node in {@link Result#scores()})
 * @param id unique id
 * @param name display name (any language; defaults to the id)
 * @param parent the parent's id; null for the root
 * @param level 0 for the root, 1 for its children, ...
 * @param isIndicator true for a leaf with a scoring rule
 */
public record Node(int index, String id, String name, String parent, int level, boolean isIndicator) {
}
