package dev.souk.messaging;

/**
 * What contacting a provider about a listing did.
 *
 * @param conversation the conversation, with the new message as its last one
 * @param started whether the conversation is new, or an earlier one was reused
 */
public record Contacted(ConversationView conversation, MessageView message, boolean started) {}
