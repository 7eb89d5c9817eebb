import { Router } from 'express';
import { asyncHandler } from '../lib/async-handler.js';
import { authenticate, currentUser, requireRole } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';
import { idParams, type IdParams } from '../schemas/common.js';
import {
  createOrderBody,
  listOrdersQuery,
  updateOrderStatusBody,
  type CreateOrderBody,
  type ListOrdersQuery,
  type UpdateOrderStatusBody,
} from '../schemas/orders.js';
import * as orderService from '../services/order-service.js';

export const ordersRouter = Router();

ordersRouter.get(
  '/',
  authenticate,
  validate({ query: listOrdersQuery }),
  asyncHandler<{}, unknown, ListOrdersQuery>(async (req, res) => {
    res.json(await orderService.listOrders(currentUser(req), req.query));
  }),
);

ordersRouter.post(
  '/',
  authenticate,
  validate({ body: createOrderBody }),
  asyncHandler<{}, CreateOrderBody>(async (req, res) => {
    const order = await orderService.createOrder(currentUser(req), req.body);
    res.status(201).location(`${req.baseUrl}/${order.id}`).json(order);
  }),
);

ordersRouter.get(
  '/:id',
  authenticate,
  validate({ params: idParams }),
  asyncHandler<IdParams>(async (req, res) => {
    res.json(await orderService.getOrder(currentUser(req), req.params.id));
  }),
);

ordersRouter.post(
  '/:id/pay',
  authenticate,
  validate({ params: idParams }),
  asyncHandler<IdParams>(async (req, res) => {
    res.json(await orderService.payOrder(currentUser(req), req.params.id));
  }),
);

ordersRouter.post(
  '/:id/cancel',
  authenticate,
  validate({ params: idParams }),
  asyncHandler<IdParams>(async (req, res) => {
    res.json(await orderService.cancelOrder(currentUser(req), req.params.id));
  }),
);

ordersRouter.patch(
  '/:id/status',
  authenticate,
  requireRole('admin'),
  validate({ params: idParams, body: updateOrderStatusBody }),
  asyncHandler<IdParams, UpdateOrderStatusBody>(async (req, res) => {
    res.json(await orderService.updateFulfilmentStatus(currentUser(req), req.params.id, req.body.status));
  }),
);
